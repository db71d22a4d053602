package dev.sigil.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * Sigil's server: the issuer documents, the machine and management APIs, and the
 * actuator.
 */
@SpringBootApplication(scanBasePackages = "dev.sigil")
@EntityScan("dev.sigil")
@EnableJpaRepositories("dev.sigil")
public class SigilServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SigilServerApplication.class, args);
	}

}

package dev.sigil.api.machine;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.network.ClientAddresses;
import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.token.MachineTokenMinter;

/** The machine token endpoint, answered right after port routing (see {@link MachineTokenEndpoint}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class MachineTokenConfiguration {

	@Bean
	FilterRegistrationBean<MachineTokenEndpoint> machineTokenEndpoint(MachineCredentials machines,
			ApiTokens apiTokens, MachineTokenMinter minter, JsonMapper json,
			@Value("${sigil.api.max-body-size:8KB}") DataSize maxBodySize, ClientAddresses clientAddresses,
			RateLimitProperties rateLimits, MeterRegistry meters) {
		FilterRegistrationBean<MachineTokenEndpoint> registration = new FilterRegistrationBean<>(
				new MachineTokenEndpoint(machines, apiTokens, minter, json, (int) maxBodySize.toBytes(), clientAddresses,
						new TokenRateLimits(rateLimits, meters)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}

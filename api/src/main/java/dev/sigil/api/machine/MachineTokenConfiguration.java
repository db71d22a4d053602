package dev.sigil.api.machine;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import dev.sigil.api.ApiProperties;
import dev.sigil.issuer.network.ClientAddresses;
import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.token.MachineTokenMinter;
import dev.sigil.issuer.web.FilterOrder;

/**
 * The machine token endpoint, answered right after port routing (see
 * {@link MachineTokenEndpoint}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ApiProperties.class, RateLimitProperties.class })
class MachineTokenConfiguration {

	@Bean
	FilterRegistrationBean<MachineTokenEndpoint> machineTokenEndpoint(MachineCredentials machines, ApiTokens apiTokens,
			MachineTokenMinter minter, JsonMapper json, ApiProperties api, ClientAddresses clientAddresses,
			RateLimitProperties rateLimits, MeterRegistry meters, @Qualifier("tokenAnswers") Executor answers) {
		FilterRegistrationBean<MachineTokenEndpoint> registration = new FilterRegistrationBean<>(
				new MachineTokenEndpoint(machines, apiTokens, minter, json, api.maxBodyBytes(), clientAddresses,
						new TokenRateLimits(rateLimits, meters), answers));
		registration.setOrder(FilterOrder.HOT_PATHS);
		registration.setAsyncSupported(true);
		return registration;
	}

	/**
	 * The threads that write token answers once their audit rows have committed, so that
	 * the ledger's writer only commits. A few suffice: each answer is a few hundred bytes
	 * to a socket.
	 */
	@Bean(destroyMethod = "shutdown")
	ExecutorService tokenAnswers() {
		AtomicInteger count = new AtomicInteger();
		return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), (task) -> {
			Thread thread = new Thread(task, "sigil-token-answer-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

}

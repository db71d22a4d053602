package dev.sigil.server;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sigil.keystore.crypto.SigningProvider;

/**
 * Says on the info endpoint which provider signs, and why not the native one when it does
 * not.
 */
@Configuration(proxyBeanMethods = false)
class CryptoInfoConfiguration {

	@Bean
	InfoContributor cryptoInfoContributor(SigningProvider provider) {
		return (builder) -> {
			Map<String, Object> crypto = new LinkedHashMap<>();
			crypto.put("signingProvider", provider.description());
			crypto.put("native", provider.isNative());
			if (provider.fallbackReason() != null) {
				crypto.put("fallbackReason", provider.fallbackReason());
			}
			builder.withDetail("crypto", crypto);
		};
	}

}

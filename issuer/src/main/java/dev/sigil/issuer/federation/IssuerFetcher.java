package dev.sigil.issuer.federation;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches an outside issuer's discovery document and JWKS, and nothing else: https only,
 * to public addresses only (checked on the addresses the name resolves to, which are the
 * ones connected to, so a name cannot resolve to a public address when checked and a
 * private one when used), no redirects, short timeouts, a size cap. Failures are generic:
 * a trust policy must not turn Sigil into a probe of its own network. Apache HttpClient
 * is used because it lets the resolver decide the addresses.
 */
final class IssuerFetcher implements ResourceRetriever, AutoCloseable {

	private final IssuerAddresses addresses;

	private final int maxBytes;

	private final CloseableHttpClient client;

	IssuerFetcher(FederationProperties properties, IssuerAddresses addresses) {
		this.addresses = addresses;
		this.maxBytes = (int) properties.maxDocumentSize().toBytes();
		Timeout timeout = Timeout.of(properties.fetchTimeout());
		DnsResolver resolver = new DnsResolver() {
			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				InetAddress[] resolved = SystemDefaultDnsResolver.INSTANCE.resolve(host);
				for (InetAddress address : resolved) {
					if (!addresses.allows(address)) {
						throw new UnknownHostException("The issuer's host resolves to an address that may not be used");
					}
				}
				return resolved;
			}

			@Override
			public String resolveCanonicalHostname(String host) throws UnknownHostException {
				return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
			}
		};
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(resolver)
				.setTlsSocketStrategy(
						ClientTlsStrategyBuilder.create().setSslContext(sslContext(properties)).buildClassic())
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
				.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout).build())
				.setMaxConnTotal(20)
				.setMaxConnPerRoute(4)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setResponseTimeout(timeout)
				.setConnectionRequestTimeout(timeout)
				.build())
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableAutomaticRetries()
			.setUserAgent("sigil-federation")
			.build();
	}

	/**
	 * The body of a 200 answer from the URL, or an {@link IOException} saying only what
	 * kind of failure.
	 */
	byte[] fetch(URI url) throws IOException {
		try {
			this.addresses.checkUrl("url", url);
		}
		catch (RuntimeException ex) {
			throw new IOException("The URL may not be fetched: " + ex.getMessage());
		}
		HttpGet get = new HttpGet(url);
		get.addHeader("Accept", "application/json");
		return this.client.execute(get, (response) -> {
			int status = response.getCode();
			if (status >= 300 && status < 400) {
				throw new IOException("The issuer answered with a redirect, which is not followed");
			}
			if (status != 200) {
				throw new IOException("The issuer answered " + status);
			}
			HttpEntity entity = response.getEntity();
			if (entity == null) {
				throw new IOException("The issuer answered with no body");
			}
			try (InputStream body = entity.getContent()) {
				byte[] bytes = body.readNBytes(this.maxBytes + 1);
				if (bytes.length > this.maxBytes) {
					throw new IOException("The issuer's document is larger than " + this.maxBytes + " bytes");
				}
				return bytes;
			}
		});
	}

	@Override
	public Resource retrieveResource(URL url) throws IOException {
		try {
			return new Resource(new String(fetch(url.toURI()), StandardCharsets.UTF_8), "application/json");
		}
		catch (java.net.URISyntaxException ex) {
			throw new IOException("Not a URL");
		}
	}

	@Override
	public void close() throws IOException {
		this.client.close();
	}

	/** The JVM's trusted CAs, and those of {@code sigil.federation.ca-file} if set. */
	private static SSLContext sslContext(FederationProperties properties) {
		try {
			TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			defaults.init((KeyStore) null);
			List<X509TrustManager> managers = new ArrayList<>();
			managers.add(x509(defaults.getTrustManagers()));
			if (properties.caFile() != null) {
				KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
				extra.load(null, null);
				int index = 0;
				try (InputStream pem = Files.newInputStream(properties.caFile())) {
					for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
						extra.setCertificateEntry("ca-" + index++, certificate);
					}
				}
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init(extra);
				managers.add(x509(factory.getTrustManagers()));
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new AnyOf(managers) }, null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("sigil.federation.ca-file (SIGIL_FEDERATION_CA_FILE) could not be read as "
					+ "PEM certificates: " + ex.getMessage(), ex);
		}
	}

	private static X509TrustManager x509(TrustManager[] managers) {
		for (TrustManager manager : managers) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("No X.509 trust manager");
	}

	/**
	 * Trusts a server that any of the managers trusts. Written by hand because JSSE
	 * consults only the first X.509 trust manager it is given, so the JVM's CAs and a
	 * private CA cannot simply be listed.
	 */
	private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			CertificateException last = null;
			for (X509TrustManager manager : this.managers) {
				try {
					manager.checkServerTrusted(chain, authType);
					return;
				}
				catch (CertificateException ex) {
					last = ex;
				}
			}
			throw (last != null) ? last : new CertificateException("No trust manager");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("Sigil does not accept client certificates here");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.managers.stream()
				.flatMap((manager) -> java.util.Arrays.stream(manager.getAcceptedIssuers()))
				.toArray(X509Certificate[]::new);
		}

	}

}

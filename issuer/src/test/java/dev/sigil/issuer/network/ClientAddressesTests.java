package dev.sigil.issuer.network;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which address the ledger records, for a peer, the trusted proxies and what the request
 * claims.
 */
class ClientAddressesTests {

	@ParameterizedTest(name = "[{index}] trusted={0} peer={1} X-Forwarded-For={2} -> {3}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			# no proxies trusted: the header is never read
			''                      | 203.0.113.1 | 198.51.100.7                   | 203.0.113.1
			''                      | 127.0.0.1   | 198.51.100.7                   | 127.0.0.1
			# a peer that is not a trusted proxy: the header is not believed
			10.0.0.0/8              | 203.0.113.1 | 198.51.100.7                   | 203.0.113.1
			# from a trusted proxy: the right-most entry that is not a trusted proxy
			10.0.0.0/8              | 10.1.1.1    | 198.51.100.7                   | 198.51.100.7
			10.0.0.0/8              | 10.1.1.1    | 192.0.2.5, 198.51.100.7        | 198.51.100.7
			10.0.0.0/8              | 10.1.1.1    | 198.51.100.7, 10.2.2.2         | 198.51.100.7
			10.0.0.0/8              | 10.1.1.1    | 10.3.3.3, 10.2.2.2             | 10.3.3.3
			10.0.0.0/8              | 10.1.1.1    | null                           | 10.1.1.1
			10.0.0.0/8,2001:db8::/32| 2001:db8::9 | 2001:db8:1::1, 2001:0db9::1    | 2001:db9:0:0:0:0:0:1
			# anything that is not an IP literal ends the walk at the last good address
			10.0.0.0/8              | 10.1.1.1    | not-an-ip                      | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | 198.51.100.7, evil.example     | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | 198.51.100.7:4444              | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | [2001:db8::1]                  | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | 256.0.0.1                      | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | 010.0.0.1                      | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | 1.2.3                          | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | deadbeef                       | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | fe80::1%eth0                   | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | ' '                            | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | .1:2                           | 10.1.1.1
			10.0.0.0/8              | 10.1.1.1    | g::1                           | 10.1.1.1
			""")
	void ofWhenPeerAndHeaderThenRecordedAddress(String trusted, String peer, String forwardedFor, String expected) {
		ClientAddresses addresses = new ClientAddresses(new NetworkProperties(List.of(trusted.split(","))));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		assertThat(addresses.of(request)).isEqualTo(expected);
	}

	@org.junit.jupiter.api.Test
	void ofWhenHeaderIsPaddedOnTheLeftThenTheRightMostClientIsStillFound() {
		ClientAddresses addresses = new ClientAddresses(new NetworkProperties(List.of("10.0.0.0/8")));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("10.1.1.1");
		request.addHeader("X-Forwarded-For", "x".repeat(5000) + ", 192.0.2.5, 198.51.100.7, 10.2.2.2");
		assertThat(addresses.of(request)).isEqualTo("198.51.100.7");
	}

	@org.junit.jupiter.api.Test
	void ofWhenOnlyTrustedHopsWithinTheBoundThenTheLeftMostOfThemIsUsed() {
		ClientAddresses addresses = new ClientAddresses(new NetworkProperties(List.of("10.0.0.0/8")));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("10.1.1.1");
		request.addHeader("X-Forwarded-For", "198.51.100.7" + ", 10.2.2.2".repeat(200));
		assertThat(addresses.of(request)).isEqualTo("10.2.2.2");
	}

	@org.junit.jupiter.api.Test
	void ofWhenSeveralHeaderLinesThenReadInOrder() {
		ClientAddresses addresses = new ClientAddresses(new NetworkProperties(List.of("10.0.0.0/8")));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("10.1.1.1");
		request.addHeader("X-Forwarded-For", "192.0.2.5");
		request.addHeader("X-Forwarded-For", "198.51.100.7, 10.2.2.2");
		assertThat(addresses.of(request)).isEqualTo("198.51.100.7");
	}

	@ParameterizedTest
	@CsvSource({ "proxy.example.com", "10.0.0.0/33", "not a cidr" })
	void newWhenTrustedProxyIsNotAnAddressThenRefusedNamingTheSetting(String cidr) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(new NetworkProperties(List.of(cidr))))
			.withMessageContaining("SIGIL_TRUSTED_PROXIES");
	}

}

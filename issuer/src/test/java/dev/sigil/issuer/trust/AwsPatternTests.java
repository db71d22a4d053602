package dev.sigil.issuer.trust;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AwsPatternTests {

	@Test
	void matchesWhenWildcardsThenAsStringLike() {
		assertThat(AwsPattern.of("acme:web:*", true, false).matches("acme:web:m1")).isTrue();
		assertThat(AwsPattern.of("acme:web:*", true, false).matches("acme:web2:m1")).isFalse();
		assertThat(AwsPattern.of("acme:w?b:*", true, false).matches("acme:wab:x")).isTrue();
		assertThat(AwsPattern.of("*a*b", true, false).matches("xxaxxb")).isTrue();
		assertThat(AwsPattern.of("*a*b", true, false).matches("xxaxxbx")).isFalse();
		assertThat(AwsPattern.of("acme:web:*", false, false).matches("acme:web:m1")).isFalse();
		assertThat(AwsPattern.of("acme:web:${*}", true, false).matches("acme:web:*")).isTrue();
		assertThat(AwsPattern.of("acme:web:${*}", true, false).matches("acme:web:m1")).isFalse();
		assertThat(AwsPattern.of("ACME", false, true).matches("acme")).isTrue();
		assertThat(AwsPattern.of("ACME", false, false).matches("acme")).isFalse();
		assertThat(AwsPattern.of("${aws:username}", true, false)).isNull();
	}

	@Test
	void matchesWhenManyStarsAgainstLongValueThenNoBlowUp() {
		// A backtracking regular expression takes exponential time on this; the walk is
		// bounded.
		AwsPattern pattern = AwsPattern.of("*a".repeat(200) + "*b", true, false);
		String value = "a".repeat(8000);
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(pattern.matches(value)).isFalse());
	}

}

package dev.sigil.issuer.tenant;

import java.util.List;

/**
 * What an operator says about an app's tokens; unchecked input, null for no change.
 *
 * @param subject {@code "names"} or {@code "ids"}
 * @param labelClaims the machine label keys its tokens carry (an empty list for none)
 * @param tokenLifetimeSeconds the app's token lifetime, 0 for the platform's
 */
public record AppSettings(String subject, List<String> labelClaims, Integer tokenLifetimeSeconds) {
}

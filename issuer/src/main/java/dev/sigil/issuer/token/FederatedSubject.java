package dev.sigil.issuer.token;

/**
 * Who a federated machine's token speaks for outside Sigil: the subject token's issuer
 * and {@code sub}.
 */
public record FederatedSubject(String issuer, String subject) {
}

package dev.sigil.helm;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** A container's environment, split into literal values and references to Secrets. */
final class ContainerEnv {

	private final Container container;

	private ContainerEnv(Container container) {
		this.container = container;
	}

	static ContainerEnv of(Container container) {
		return new ContainerEnv(container);
	}

	/** The variables that have a literal value, by name. */
	Map<String, String> literals() {
		Map<String, String> literals = new LinkedHashMap<>();
		for (EnvVar variable : this.container.getEnv()) {
			if (variable.getValueFrom() == null) {
				literals.put(variable.getName(), variable.getValue());
			}
		}
		return literals;
	}

	/** The variables that come from a key of a Secret, by name. */
	Map<String, SecretKeySelector> secretReferences() {
		Map<String, SecretKeySelector> references = new LinkedHashMap<>();
		for (EnvVar variable : this.container.getEnv()) {
			if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
				references.put(variable.getName(), variable.getValueFrom().getSecretKeyRef());
			}
		}
		return references;
	}

}

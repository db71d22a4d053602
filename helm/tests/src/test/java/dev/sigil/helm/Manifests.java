package dev.sigil.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The objects of a rendered chart, each YAML document unmarshalled into its typed fabric8
 * Kubernetes model class (a kind the model does not know, such as a ServiceMonitor, stays
 * a {@link GenericKubernetesResource}).
 */
final class Manifests {

	private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

	/** Kubernetes' own serialization: each kind to the model class registered for it. */
	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private final List<HasMetadata> objects;

	private Manifests(List<HasMetadata> objects) {
		this.objects = List.copyOf(objects);
	}

	static Manifests parse(String yaml) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
			if (isEmpty(document)) {
				continue;
			}
			KubernetesResource resource = SERIALIZATION.unmarshal(document);
			assertThat(resource).as("a Kubernetes object in:%n%s", document).isInstanceOf(HasMetadata.class);
			objects.add((HasMetadata) resource);
		}
		return new Manifests(objects);
	}

	private static boolean isEmpty(String document) {
		return document.lines().map(String::strip).allMatch((line) -> line.isEmpty() || line.startsWith("#"));
	}

	List<HasMetadata> all() {
		return this.objects;
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/** The one object of that type; fails when there is none or more than one. */
	<T extends HasMetadata> T one(Class<T> type) {
		List<T> found = all(type);
		assertThat(found).as("objects of type %s in %s", type.getSimpleName(), kinds()).hasSize(1);
		return found.get(0);
	}

	<T extends HasMetadata> T get(Class<T> type, String name) {
		return all(type).stream()
			.filter((object) -> name.equals(object.getMetadata().getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " named " + name + " in " + names()));
	}

	/** An object of a kind the Kubernetes model does not know (custom resources). */
	GenericKubernetesResource custom(String kind) {
		return all(GenericKubernetesResource.class).stream()
			.filter((object) -> kind.equals(object.getKind()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " in " + kinds()));
	}

	/** The pod template of the server's Deployment. */
	PodSpec serverPod() {
		return one(Deployment.class).getSpec().getTemplate().getSpec();
	}

	/** The server container of the server's Deployment. */
	Container server() {
		return serverPod().getContainers().get(0);
	}

	List<String> kinds() {
		return this.objects.stream().map(HasMetadata::getKind).toList();
	}

	List<String> names() {
		return this.objects.stream().map((object) -> object.getKind() + "/" + object.getMetadata().getName()).toList();
	}

}

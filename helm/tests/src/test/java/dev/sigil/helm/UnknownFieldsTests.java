package dev.sigil.helm;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check that makes "parses as a Kubernetes object" mean something: a field the model
 * does not know is found, wherever it is nested.
 */
class UnknownFieldsTests {

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: sigil
			spec:
			  selector:
			    matchLabels:
			      app: sigil
			  template:
			    metadata:
			      labels:
			        app: sigil
			    spec:
			      containers:
			        - name: server
			          image: sigil-server:1
			          securityContext:
			            %s: true
			          resources:
			            limits:
			              memory: 768Mi
			""";

	@Test
	void ofWhenEveryFieldIsKnownThenFindsNone() {
		Deployment deployment = Manifests.parse(DEPLOYMENT.formatted("readOnlyRootFilesystem")).one(Deployment.class);

		assertThat(UnknownFields.of(deployment)).isEmpty();
	}

	@Test
	void ofWhenAFieldIsMisspeltThenNamesItsPath() {
		Deployment deployment = Manifests.parse(DEPLOYMENT.formatted("readOnlyRootFileSystem")).one(Deployment.class);

		assertThat(UnknownFields.of(deployment))
			.containsExactly("Deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
	}

}

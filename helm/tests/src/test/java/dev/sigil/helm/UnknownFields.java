package dev.sigil.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The fields of a typed Kubernetes object that its model class does not know. The fabric8
 * model reads any YAML leniently and keeps a misspelt field
 * ({@code readOnlyRootFileSystem}) in an {@code additionalProperties} map, where
 * Kubernetes would reject or ignore it: a valid object has none.
 */
final class UnknownFields {

	private UnknownFields() {
	}

	static List<String> of(Object object) {
		List<String> unknown = new ArrayList<>();
		collect(object, object.getClass().getSimpleName(), unknown);
		return unknown;
	}

	private static void collect(Object value, String path, List<String> unknown) {
		if (value == null || value instanceof GenericKubernetesResource) {
			return;
		}
		if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				collect(list.get(i), path + "[" + i + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, entry) -> collect(entry, path + "." + key, unknown));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (isProperty(getter)) {
				Object property = invoke(getter, value);
				if (getter.getName().equals("getAdditionalProperties")) {
					((Map<?, ?>) property).keySet().forEach((key) -> unknown.add(path + "." + key));
				}
				else {
					collect(property, path + "." + propertyName(getter), unknown);
				}
			}
		}
	}

	private static boolean isProperty(Method method) {
		return method.getName().startsWith("get") && method.getParameterCount() == 0
				&& !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class
				&& !method.getName().equals("getClass");
	}

	private static String propertyName(Method getter) {
		String name = getter.getName().substring(3);
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + getter, ex);
		}
	}

}

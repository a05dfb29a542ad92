package dev.webhooks.capture;

import org.jspecify.annotations.Nullable;

/**
 * An entity class as the capture sees it, looked up once per class.
 *
 * @param javaType the mapped class
 * @param name the JPA entity name, e.g. {@code Customer}
 * @param idName the name of its identifier attribute
 * @param plan what it sends to peer servers, or {@code null} when it has no {@link HttpReceiver}
 */
public record CapturedEntity(Class<?> javaType, String name, String idName, @Nullable CapturePlan plan) {

	/** Reads the class's {@link HttpReceiver}, if any. */
	public static CapturedEntity of(Class<?> javaType, String name, String idName) {
		return new CapturedEntity(javaType, name, idName, CapturePlan.of(javaType));
	}

	/**
	 * The topic of its changes: the {@link HttpReceiver} name, or the entity name when it has none (its changes then
	 * only reach runtime hooks and realtime channels).
	 */
	public String topic() {
		return (this.plan != null) ? this.plan.topic() : this.name;
	}

}

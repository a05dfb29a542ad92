package dev.webhooks.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.webhooks.capture.ChangeType;

/**
 * Pushes every committed create, update and delete of this JPA entity to live clients on the named channels, as
 * the events {@code <event>.created}, {@code <event>.updated} and {@code <event>.deleted}.
 * <pre>{@code
 * @Entity
 * @RealtimeChannels(value = { "invoices", "private-tenant-{tenantId}" }, exclude = "internalNote")
 * class Invoice { ... }
 * }</pre>
 * A channel name is a template: {@code {attribute}} is replaced by that attribute's value in the changed entity
 * (a to-one association by its id). A channel whose attribute is {@code null} is left out. For anything the
 * templates cannot express, define a {@link RealtimeChannelResolver}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealtimeChannels {

	/** The channel name templates, e.g. {@code "invoices"} or {@code "private-tenant-{tenantId}"}. */
	String[] value() default {};

	/**
	 * Who may listen: {@link ChannelAccess#PRIVATE} and {@link ChannelAccess#PRESENCE} add the {@code private-} or
	 * {@code presence-} prefix to every template that lacks it, so subscribers must be authorized.
	 */
	ChannelAccess access() default ChannelAccess.PUBLIC;

	/** The event name prefix; by default the entity name with a lower-case first letter, e.g. {@code invoice}. */
	String event() default "";

	/** Which changes are pushed; by default all. */
	ChangeType[] events() default { ChangeType.CREATED, ChangeType.UPDATED, ChangeType.DELETED };

	/** Only these attributes are pushed (the id always is); by default every attribute. */
	String[] include() default {};

	/** These attributes are never pushed. */
	String[] exclude() default {};

	/**
	 * Whether the client connection whose request made the change is left out of the push, when the request named
	 * it (see {@link RealtimeOrigin}).
	 */
	boolean excludeOrigin() default true;

}

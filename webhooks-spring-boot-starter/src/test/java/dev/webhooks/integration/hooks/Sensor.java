package dev.webhooks.integration.hooks;

import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity sent to peer servers whose reading cannot always be written as JSON. */
@Entity
@HttpReceiver("sensors")
public class Sensor {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	@Convert(converter = ReadingConverter.class)
	private Reading reading;

	protected Sensor() {
	}

	public Sensor(String name, String reading) {
		this.name = name;
		this.reading = new Reading(reading);
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	/** A value whose JSON form fails for the text {@code broken}, as a faulty getter would. */
	public static class Reading {

		private final String text;

		Reading(String text) {
			this.text = text;
		}

		public String getValue() {
			if ("broken".equals(this.text)) {
				throw new IllegalStateException("the sensor's reading is unreadable");
			}
			return this.text;
		}

		// value semantics, so Hibernate's dirty check does not see a change at every flush
		@Override
		public boolean equals(Object other) {
			return other instanceof Reading reading && this.text.equals(reading.text);
		}

		@Override
		public int hashCode() {
			return this.text.hashCode();
		}

	}

	static class ReadingConverter implements AttributeConverter<Reading, String> {

		@Override
		public String convertToDatabaseColumn(Reading reading) {
			return (reading != null) ? reading.text : null;
		}

		@Override
		public Reading convertToEntityAttribute(String text) {
			return (text != null) ? new Reading(text) : null;
		}

	}

}

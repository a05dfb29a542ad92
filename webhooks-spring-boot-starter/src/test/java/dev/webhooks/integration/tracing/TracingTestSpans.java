package dev.webhooks.integration.tracing;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** The spans both applications of the trace test end, kept in memory as each ends. */
public final class TracingTestSpans {

	public static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

	private TracingTestSpans() {
	}

	/**
	 * A processor exporting each span to {@link #EXPORTER} as it ends; the exporter is shared by both applications,
	 * so one closing does not shut it down for the other.
	 */
	public static SpanProcessor processor() {
		return SimpleSpanProcessor.create(new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				return EXPORTER.export(spans);
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		});
	}

}

package dev.webhooks.integration.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** The spans both applications of the trace test end, kept in memory as each ends. */
public final class TracingTestSpans {

	public static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

	private TracingTestSpans() {
	}

	/** A processor exporting each span as it ends; the exporter is shared, so closing one processor keeps it open. */
	public static SpanProcessor processor() {
		return SimpleSpanProcessor.create(new io.opentelemetry.sdk.trace.export.SpanExporter() {

			@Override
			public io.opentelemetry.sdk.common.CompletableResultCode export(
					java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
				return EXPORTER.export(spans);
			}

			@Override
			public io.opentelemetry.sdk.common.CompletableResultCode flush() {
				return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
			}

			@Override
			public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
				return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
			}

		});
	}

}

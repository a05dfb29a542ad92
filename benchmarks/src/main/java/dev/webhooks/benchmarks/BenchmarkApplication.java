package dev.webhooks.benchmarks;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sending application of the capture and latency figures: two order entities and their repositories. Spring
 * Modulith's event registry is on the classpath for the end-to-end figure's peer only, so it is left out here.
 */
@SpringBootApplication(excludeName = {
		"org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
		"org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
		"org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
		"org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration" })
public class BenchmarkApplication {

}

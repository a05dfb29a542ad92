package dev.webhooks.benchmarks;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sending application of the capture and latency figures: two order entities and their repositories. */
@SpringBootApplication
public class BenchmarkApplication {

}

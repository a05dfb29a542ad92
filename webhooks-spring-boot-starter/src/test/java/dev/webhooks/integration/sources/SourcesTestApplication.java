package dev.webhooks.integration.sources;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SourcesTestApplication {

}

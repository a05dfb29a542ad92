package dev.webhooks.integration.sender;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SenderTestApplication {

}

package dev.webhooks.integration.receiver;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ReceiverTestApplication {

}

package dev.webhooks.example.quickstart.warehouse;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The receiving application: {@link ProductWebhooks} handles the shop's product webhooks.
 */
@SpringBootApplication
public class WarehouseApplication {

}

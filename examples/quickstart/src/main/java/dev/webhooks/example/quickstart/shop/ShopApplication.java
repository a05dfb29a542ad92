package dev.webhooks.example.quickstart.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The sending application: {@link Product} is annotated with {@code @HttpReceiver}, so every change to a product
 * becomes a webhook to the warehouse.
 */
@SpringBootApplication
@EnableScheduling
public class ShopApplication {

}

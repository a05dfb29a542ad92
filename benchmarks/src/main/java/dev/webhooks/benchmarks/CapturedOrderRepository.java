package dev.webhooks.benchmarks;

import org.springframework.data.jpa.repository.JpaRepository;

public interface CapturedOrderRepository extends JpaRepository<CapturedOrder, Long> {

}

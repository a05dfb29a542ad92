package dev.webhooks.benchmarks;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PlainOrderRepository extends JpaRepository<PlainOrder, Long> {

}

package dev.webhooks.benchmarks;

import org.springframework.data.jpa.repository.JpaRepository;

public interface HookedOrderRepository extends JpaRepository<HookedOrder, Long> {

}

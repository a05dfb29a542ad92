package dev.webhooks.integration.receiver;

import org.springframework.data.jpa.repository.JpaRepository;

public interface MirrorRepository extends JpaRepository<Mirror, Long> {

}

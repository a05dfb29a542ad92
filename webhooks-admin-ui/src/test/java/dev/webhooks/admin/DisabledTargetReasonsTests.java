package dev.webhooks.admin;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Target;
import dev.webhooks.events.CircuitClosed;
import dev.webhooks.events.TargetDisabled;
import dev.webhooks.events.TargetEnabled;

import static org.assertj.core.api.Assertions.assertThat;

class DisabledTargetReasonsTests {

	private static final Instant AT = Instant.parse("2026-12-05T17:21:29Z");

	private final DisabledTargetReasons reasons = new DisabledTargetReasons();

	@Test
	void aDisabledEventIsRememberedWithItsReasonAndTimeUntilTheTargetIsEnabled() {
		Target erp = Target.server("erp");
		this.reasons.onEvent(new TargetDisabled(erp, TargetDisabled.Reason.GONE, AT));
		assertThat(this.reasons.reason(erp)).hasValue(new DisabledTargetReasons.Reason("gone", AT, null));
		this.reasons.onEvent(new CircuitClosed(erp, "shop@host", AT.plusSeconds(1)));
		assertThat(this.reasons.reason(erp)).isPresent();
		this.reasons.onEvent(new TargetEnabled(erp, 3, AT.plusSeconds(2)));
		assertThat(this.reasons.reason(erp)).isEmpty();
	}

	@Test
	void theOperatorWhoDisabledATargetIsAddedToItsReason() {
		Target hook = Target.hook("7d1e");
		this.reasons.disabledBy(hook, "admin");
		assertThat(this.reasons.reason(hook)).isEmpty();
		this.reasons.onEvent(new TargetDisabled(hook, TargetDisabled.Reason.OPERATOR, AT));
		this.reasons.disabledBy(hook, "admin");
		assertThat(this.reasons.reason(hook)).hasValue(new DisabledTargetReasons.Reason("operator", AT, "admin"));
	}

	@Test
	void theOldestTargetIsForgottenBeyondTheBound() {
		for (int i = 0; i <= DisabledTargetReasons.MAX_TARGETS; i++) {
			this.reasons.onEvent(new TargetDisabled(Target.server("s" + i), TargetDisabled.Reason.FAILING, AT));
		}
		assertThat(this.reasons.reason(Target.server("s0"))).isEmpty();
		assertThat(this.reasons.reason(Target.server("s1"))).isPresent();
		assertThat(this.reasons.reason(Target.server("s" + DisabledTargetReasons.MAX_TARGETS))).isPresent();
	}

}

package dev.webhooks.dispatch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.webhooks.dispatch.OutcomeRule.Decision;
import dev.webhooks.dispatch.OutcomeRule.Decision.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome rule on its own: responses and exceptions in, outcomes out, no HTTP and no database. */
class OutcomeRuleTests {

	private static final Instant NOW = Instant.parse("2026-03-29T10:00:00Z");

	private final OutcomeRule rule = new OutcomeRule(new ExponentialBackoffRetryPolicy(
			ExponentialBackoffRetryPolicy.Settings.defaults()
				.withMaxAttempts(3)
				.withInitialInterval(Duration.ofSeconds(5))
				.withMultiplier(2.0)
				.withMaxInterval(Duration.ofHours(1))
				.withJitter(0)));

	/** The rule of a dispatcher with the default target policy. */
	private final OutcomeRule targetRule = new OutcomeRule(new ExponentialBackoffRetryPolicy(
			ExponentialBackoffRetryPolicy.Settings.defaults()
				.withMaxAttempts(3)
				.withInitialInterval(Duration.ofSeconds(5))
				.withMultiplier(2.0)
				.withMaxInterval(Duration.ofHours(1))
				.withJitter(0)), TargetPolicy.DEFAULT_THROTTLE_STATUSES, true);

	@Test
	void everyTwoHundredStatusSucceedsWithoutAnError() {
		for (int status : new int[] { 200, 201, 204, 299 }) {
			assertThat(this.rule.ofResponse(1, response(status, null), NOW))
				.isEqualTo(new Decision(Kind.SUCCEEDED, null, null));
		}
	}

	@Test
	void goneFailsAtOnceWhateverAttemptsAreLeftWhenTargetsAreNotDisabled() {
		assertThat(this.rule.ofResponse(1, response(410, null), NOW))
			.isEqualTo(new Decision(Kind.FAILED, null, "HTTP 410: target gone"));
	}

	@Test
	void goneDisablesTheTargetWhenSoConfiguredEvenOnTheLastAttempt() {
		assertThat(this.targetRule.ofResponse(3, response(410, null), NOW))
			.isEqualTo(new Decision(Kind.TARGET_GONE, null, "HTTP 410: target gone"));
	}

	@Test
	void throttlingStatusesPauseTheTargetWithTheirRetryAfterEvenOnTheLastAttempt() {
		for (int status : new int[] { 429, 502, 503, 504 }) {
			assertThat(this.targetRule.ofResponse(3, response(status, Duration.ofSeconds(2)), NOW)).isEqualTo(
					new Decision(Kind.THROTTLED, null, "HTTP " + status + ": target throttled", Duration.ofSeconds(2)));
		}
		assertThat(this.targetRule.ofResponse(1, response(429, null), NOW))
			.isEqualTo(new Decision(Kind.THROTTLED, null, "HTTP 429: target throttled", null));
	}

	@Test
	void aStatusNotNamedForThrottlingIsTheDeliverysOwnFailure() {
		assertThat(this.targetRule.ofResponse(1, response(500, Duration.ofSeconds(2)), NOW))
			.isEqualTo(new Decision(Kind.RETRY, NOW.plusSeconds(5), "HTTP 500"));
	}

	@Test
	void otherStatusesAreRetriedAfterThePolicysDelayUntilTheAttemptsAreSpent() {
		assertThat(this.rule.ofResponse(1, response(500, null), NOW))
			.isEqualTo(new Decision(Kind.RETRY, NOW.plusSeconds(5), "HTTP 500"));
		assertThat(this.rule.ofResponse(2, response(404, null), NOW))
			.isEqualTo(new Decision(Kind.RETRY, NOW.plusSeconds(10), "HTTP 404"));
		assertThat(this.rule.ofResponse(3, response(503, null), NOW))
			.isEqualTo(new Decision(Kind.FAILED, null, "HTTP 503"));
	}

	@Test
	void aLongerRetryAfterIsHonoured() {
		assertThat(this.rule.ofResponse(1, response(429, Duration.ofSeconds(120)), NOW))
			.isEqualTo(new Decision(Kind.RETRY, NOW.plusSeconds(120), "HTTP 429"));
	}

	@Test
	void anAttemptWithoutAResponseIsRetriedAndItsErrorNamesWhatHappened() {
		assertThat(this.rule.ofException(1, new ConnectException("Connection refused"), NOW))
			.isEqualTo(new Decision(Kind.RETRY, NOW.plusSeconds(5), "connection refused: Connection refused"));
		assertThat(this.rule.ofException(3, new InterruptedIOException("timeout"), NOW))
			.isEqualTo(new Decision(Kind.FAILED, null, "timeout: timeout"));
	}

	@Test
	void exceptionsAreDescribedByTheirKind() {
		assertThat(OutcomeRule.describe(new ConnectException("Failed to connect"))).isEqualTo(
				"connection failed: Failed to connect");
		ConnectException refused = new ConnectException("Failed to connect");
		refused.initCause(new IOException("Connection refused"));
		assertThat(OutcomeRule.describe(refused)).isEqualTo("connection refused: Failed to connect");
		assertThat(OutcomeRule.describe(new UnknownHostException("nowhere.invalid")))
			.isEqualTo("unknown host: nowhere.invalid");
		assertThat(OutcomeRule.describe(new SSLHandshakeException("bad certificate")))
			.isEqualTo("tls failure: bad certificate");
		assertThat(OutcomeRule.describe(new IOException("reset"))).isEqualTo("IOException: reset");
	}

	@Test
	void anUnexpectedFailureIsRetriedLikeAnyOther() {
		assertThat(this.rule.ofUnexpected(1, new IllegalStateException("bug"), NOW))
			.isEqualTo(new Decision(Kind.RETRY, NOW.plusSeconds(5), "unexpected error: IllegalStateException: bug"));
	}

	private static TransportResponse response(int status, @Nullable Duration retryAfter) {
		return new TransportResponse(status, retryAfter, "");
	}

}

package dev.webhooks.delivery;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TargetTests {

	@Test
	void serverIsStoredAsItsId() {
		Target target = Target.server("billing");
		assertThat(target.kind()).isEqualTo(Target.Kind.SERVER);
		assertThat(target.isHook()).isFalse();
		assertThat(target.id()).isEqualTo("billing");
		assertThat(target.value()).isEqualTo("billing");
		assertThat(target).hasToString("billing");
	}

	@Test
	void hookIsStoredWithItsPrefix() {
		Target target = Target.hook("42");
		assertThat(target.kind()).isEqualTo(Target.Kind.HOOK);
		assertThat(target.isHook()).isTrue();
		assertThat(target.id()).isEqualTo("42");
		assertThat(target.value()).isEqualTo("hook:42");
		assertThat(target).hasToString("hook:42");
	}

	@Test
	void parseReadsBackWhatValueStores() {
		for (Target target : List.of(Target.server("billing"), Target.server("billing-eu.v2"), Target.hook("42"),
				Target.hook("3f1c-aa"))) {
			assertThat(Target.parse(target.value())).isEqualTo(target).hasSameHashCodeAs(target);
		}
		assertThat(Target.parse("hook:7")).isEqualTo(Target.hook("7"));
		assertThat(Target.parse("warehouse")).isEqualTo(Target.server("warehouse"));
		// only the exact prefix marks a hook
		assertThat(Target.parse("hooks:7").isHook()).isFalse();
		assertThat(Target.parse("HOOK:7").isHook()).isFalse();
	}

	@Test
	void equalityIsByKindAndId() {
		assertThat(Target.server("7")).isNotEqualTo(Target.hook("7"));
		assertThat(Target.hook("7")).isEqualTo(Target.hook("7"));
		assertThat(Target.server("billing")).isNotEqualTo("billing");
	}

	@Test
	void ordersByStoredForm() {
		TreeSet<Target> targets = new TreeSet<>(
				List.of(Target.server("shipping"), Target.hook("2"), Target.server("billing"), Target.hook("10")));
		assertThat(targets).extracting(Target::value).containsExactly("billing", "hook:10", "hook:2", "shipping");
	}

	@Test
	void rejectsBlankIds() {
		assertThatIllegalArgumentException().isThrownBy(() -> Target.server(" "))
			.withMessage("a server id must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> Target.hook(""))
			.withMessage("a hook id must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> Target.parse(""))
			.withMessage("a target must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("hook:"))
			.withMessage("target 'hook:' has no hook id after 'hook:'");
		assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("hook:  "))
			.withMessage("target 'hook:  ' has no hook id after 'hook:'");
	}

	@Test
	void rejectsAServerIdThatWouldReadBackAsAHook() {
		assertThatIllegalArgumentException().isThrownBy(() -> Target.server("hook:7"))
			.withMessage("server id 'hook:7' must not start with 'hook:', which marks a runtime hook's target");
	}

	@Test
	void rejectsNull() {
		assertThatNullPointerException().isThrownBy(() -> Target.server(null)).withMessage("server id");
		assertThatNullPointerException().isThrownBy(() -> Target.hook(null)).withMessage("hook id");
		assertThatNullPointerException().isThrownBy(() -> Target.parse(null)).withMessage("target");
	}

}

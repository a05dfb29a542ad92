package dev.webhooks.realtime;

import java.util.List;

import dev.webhooks.capture.ChangeType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RealtimePlanTests {

	@Test
	void privateAccessPrefixesEveryChannelThatLacksIt() {
		RealtimePlan plan = RealtimePlan.of(PrivateTask.class, "Task");

		assertThat(plan.channels()).extracting(ChannelTemplate::toString)
			.containsExactly("private-team-{teamId}", "private-tasks", "presence-board");
	}

	@Test
	void theEventNameDefaultsToTheEntityNameWithALowerCaseFirstLetter() {
		RealtimePlan plan = RealtimePlan.of(PrivateTask.class, "TaskItem");

		assertThat(plan.eventName(ChangeType.CREATED)).isEqualTo("taskItem.created");
		assertThat(RealtimePlan.of(Named.class, "Named").eventName(ChangeType.DELETED)).isEqualTo("todo.deleted");
	}

	@Test
	void aTemplateNamingAnUnknownOrExcludedAttributeFailsNamingTheEntity() {
		RealtimePlan plan = RealtimePlan.of(PrivateTask.class, "Task");

		assertThatIllegalStateException().isThrownBy(() -> plan.validate(PrivateTask.class, List.of("title"), "id"))
			.withMessageContaining(PrivateTask.class.getName())
			.withMessageContaining("'teamId', which is not an attribute")
			.withMessageContaining("attributes: id, title");
		RealtimePlan excluding = RealtimePlan.of(Excluding.class, "Excluding");
		assertThatIllegalStateException()
			.isThrownBy(() -> excluding.validate(Excluding.class, List.of("ownerId"), "id"))
			.withMessageContaining("include/exclude leaves out");
	}

	@Test
	void anEntityWithoutTheAnnotationHasNoPlan() {
		assertThat(RealtimePlan.of(String.class, "String")).isNull();
	}

	@RealtimeChannels(value = { "team-{teamId}", "tasks", "presence-board" }, access = ChannelAccess.PRIVATE)
	static class PrivateTask {

	}

	@RealtimeChannels(value = "todos", event = "todo")
	static class Named {

	}

	@RealtimeChannels(value = "owner-{ownerId}", exclude = "ownerId")
	static class Excluding {

	}

}

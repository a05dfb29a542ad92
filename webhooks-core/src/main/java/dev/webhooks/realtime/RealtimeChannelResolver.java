package dev.webhooks.realtime;

import java.util.Collection;

/**
 * Adds channels to a change when the {@link RealtimeChannels} templates cannot express them, e.g. one channel per
 * member of a team:
 * <pre>{@code
 * @Bean
 * RealtimeChannelResolver teamChannels(TeamDirectory teams) {
 *     return (change) -> (change.entity() instanceof Task task)
 *             ? teams.members(task.getTeamId()).stream().map((user) -> "private-user-" + user).toList()
 *             : List.of();
 * }
 * }</pre>
 * Called during the flush, on the thread making the change; keep it fast and free of queries that would flush.
 */
@FunctionalInterface
public interface RealtimeChannelResolver {

	/** The extra channels for this change; empty for none. */
	Collection<String> channels(RealtimeChange change);

}

package dev.webhooks.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hooks in force on this instance: an immutable snapshot, replaced as a whole when the store's revision moves,
 * so the capture hot path reads one volatile field and one map. Entity types without enabled hooks are not in the
 * map at all.
 */
public final class HookRegistry {

	private static final Logger logger = LoggerFactory.getLogger(HookRegistry.class);

	private final HookStore store;

	/** One load at a time; a lock rather than a monitor, so a virtual thread waiting on the query is not pinned. */
	private final ReentrantLock refreshLock = new ReentrantLock();

	private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of(), Map.of());

	public HookRegistry(HookStore store) {
		this.store = store;
	}

	/** Whether any enabled hook listens to the entity type. */
	public boolean hasHooks(String entityType) {
		return this.snapshot.byEntity.containsKey(entityType);
	}

	/** The revision of the store the snapshot was loaded at. */
	public long revision() {
		return this.snapshot.revision;
	}

	/** The enabled hooks of an entity type. */
	List<ActiveHook> forEntity(String entityType) {
		List<ActiveHook> hooks = this.snapshot.byEntity.get(entityType);
		return (hooks != null) ? hooks : List.of();
	}

	/** Any hook by id, disabled ones included, so their queued deliveries can still be signed. */
	@Nullable ActiveHook find(String id) {
		return this.snapshot.byId.get(id);
	}

	/**
	 * Any hook by id, disabled ones included, as loaded at {@link #revision()}; {@code null} when there is none. The
	 * dispatcher reads a hook's limits from here.
	 */
	public @Nullable Hook hook(String id) {
		ActiveHook active = this.snapshot.byId.get(id);
		return (active != null) ? active.hook() : null;
	}

	/**
	 * Reloads when the store's revision differs from the loaded one: one single-row query when nothing changed.
	 * @return whether it reloaded
	 */
	public boolean refreshIfChanged() {
		if (this.store.revision() == this.snapshot.revision) {
			return false;
		}
		refresh();
		return true;
	}

	/** Loads every hook now. A hook that does not compile here is skipped and logged, never fatal. */
	public void refresh() {
		this.refreshLock.lock();
		try {
			load();
		}
		finally {
			this.refreshLock.unlock();
		}
	}

	private void load() {
		// the revision is read first: a change committed during the load moves it again and is picked up next time
		long revision = this.store.revision();
		Map<String, List<ActiveHook>> byEntity = new HashMap<>();
		Map<String, ActiveHook> byId = new HashMap<>();
		for (Hook hook : this.store.findAll()) {
			ActiveHook active;
			try {
				active = ActiveHook.compile(hook);
			}
			catch (InvalidHookException ex) {
				logger.warn("Hook '{}' ({}) is skipped: {}", hook.name(), hook.id(), ex.getMessage());
				continue;
			}
			byId.put(hook.id(), active);
			if (hook.enabled()) {
				byEntity.computeIfAbsent(hook.entityType(), (type) -> new ArrayList<>()).add(active);
			}
		}
		Map<String, List<ActiveHook>> frozen = new HashMap<>();
		byEntity.forEach((type, hooks) -> frozen.put(type, List.copyOf(hooks)));
		Snapshot previous = this.snapshot;
		this.snapshot = new Snapshot(revision, Collections.unmodifiableMap(frozen), Collections.unmodifiableMap(byId));
		if (previous.revision != revision) {
			logger.debug("Loaded {} hook(s) at revision {}", byId.size(), revision);
		}
	}

	private record Snapshot(long revision, Map<String, List<ActiveHook>> byEntity, Map<String, ActiveHook> byId) {

	}

}

package dev.webhooks.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations keep one style (tables {@code webhooks_*}, constraints and indexes {@code <table>_<what>_<kind>},
 * tabs), H2's carry no CHECK constraint, and docs/schema.md shows each of them as it is.
 */
class MigrationsTests {

	private static final Path MIGRATIONS = Path.of("src/main/resources/db/webhooks");

	private static final Pattern TABLE = Pattern.compile("CREATE TABLE (\\w+)");

	private static final Pattern NAMED = Pattern.compile("(?:CONSTRAINT|INDEX) (\\w+)");

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql", "mysql" })
	void everyTableIsAWebhooksTableAndEveryNameStartsWithItsTable(String vendor) {
		for (Path migration : migrations(vendor)) {
			String sql = read(migration);
			Matcher tables = TABLE.matcher(sql);
			while (tables.find()) {
				assertThat(tables.group(1)).as(migration.toString()).matches("webhooks_[a-z_]+");
			}
			Matcher names = NAMED.matcher(sql);
			while (names.find()) {
				assertThat(names.group(1)).as(migration.toString()).matches("webhooks_[a-z_]+_(pk|fk|uk|ck|ix)");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql", "mysql" })
	void timesAreTimestampsAndIndentationIsTabs(String vendor) {
		for (Path migration : migrations(vendor)) {
			String sql = read(migration);
			assertThat(sql).as(migration.toString()).doesNotContainPattern("(?m)^ +\\S");
			assertThat(sql).as(migration.toString()).doesNotContainPattern("(_at|_until|_since)\\s+BIGINT");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2" })
	void h2MigrationsHaveNoCheckConstraint(String vendor) {
		// H2 2.4.240 refuses every write to a checked table once the connection that created it has closed
		for (Path migration : migrations(vendor)) {
			assertThat(read(migration).toUpperCase(Locale.ROOT)).as(migration.toString()).doesNotContain("CHECK (");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql", "mysql" })
	void theSchemaPageShowsEveryMigrationAsItIs(String vendor) {
		String page = read(Path.of("../docs/schema.md"));
		for (Path migration : migrations(vendor)) {
			assertThat(page).as(migration.toString()).contains(read(migration).strip());
		}
	}

	private static List<Path> migrations(String vendor) {
		try (Stream<Path> files = Files.list(MIGRATIONS.resolve(vendor))) {
			List<Path> migrations = files.filter((file) -> file.toString().endsWith(".sql")).sorted().toList();
			assertThat(migrations).isNotEmpty();
			return migrations;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

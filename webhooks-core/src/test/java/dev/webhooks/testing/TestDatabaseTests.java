package dev.webhooks.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTests {

	@ParameterizedTest
	@EnumSource(TestDatabase.Kind.class)
	void givesEachTestAnEmptySchemaOfItsOwn(TestDatabase.Kind kind) throws Exception {
		try (TestDatabase first = TestDatabase.create(kind); TestDatabase second = TestDatabase.create(kind)) {
			try (Connection connection = first.dataSource().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE probe (id INT)");
				statement.execute("INSERT INTO probe VALUES (1)");
			}
			try (Connection connection = second.dataSource().getConnection();
					ResultSet tables = connection.getMetaData()
						.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] { "TABLE" })) {
				assertThat(tables.next()).as("tables in a second fresh schema").isFalse();
			}
		}
	}

}

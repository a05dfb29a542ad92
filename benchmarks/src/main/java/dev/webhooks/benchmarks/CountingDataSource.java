package dev.webhooks.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A data source that counts what its connections send to the database: statements (a JDBC batch counts once per
 * row it carries, as the server executes each), round trips (an execution or a batch counts once, and so does each
 * commit or rollback) and commits. Counted on the client, so only what passes through this data source is counted,
 * whatever else the database serves meanwhile.
 */
final class CountingDataSource implements DataSource {

	private final DataSource delegate;

	final AtomicLong statements = new AtomicLong();

	final AtomicLong roundTrips = new AtomicLong();

	final AtomicLong commits = new AtomicLong();

	CountingDataSource(DataSource delegate) {
		this.delegate = delegate;
	}

	/** Statements, round trips and commits so far. */
	long[] counts() {
		return new long[] { this.statements.get(), this.roundTrips.get(), this.commits.get() };
	}

	@Override
	public Connection getConnection() throws SQLException {
		return connection(this.delegate.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return connection(this.delegate.getConnection(username, password));
	}

	private Connection connection(Connection connection) {
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					switch (method.getName()) {
						case "commit", "rollback" -> {
							this.roundTrips.incrementAndGet();
							if (method.getName().equals("commit")) {
								this.commits.incrementAndGet();
							}
						}
						default -> {
						}
					}
					Object result = invoke(connection, method, args);
					if (result instanceof Statement statement) {
						return statement(statement, (Class<?>) method.getReturnType());
					}
					return result;
				});
	}

	private Object statement(Statement statement, Class<?> type) {
		Class<?> kind = CallableStatement.class.isAssignableFrom(type) ? CallableStatement.class
				: PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
		AtomicLong batched = new AtomicLong();
		InvocationHandler handler = (proxy, method, args) -> {
			String name = method.getName();
			if (name.equals("addBatch")) {
				batched.incrementAndGet();
			}
			else if (name.equals("clearBatch")) {
				batched.set(0);
			}
			else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
				this.statements.addAndGet(batched.getAndSet(0));
				this.roundTrips.incrementAndGet();
			}
			else if (name.startsWith("execute")) {
				this.statements.incrementAndGet();
				this.roundTrips.incrementAndGet();
			}
			return invoke(statement, method, args);
		};
		return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { kind }, handler);
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return this.delegate.isWrapperFor(iface);
	}

}

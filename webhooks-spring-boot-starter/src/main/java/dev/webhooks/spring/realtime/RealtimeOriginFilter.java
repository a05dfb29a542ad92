package dev.webhooks.spring.realtime;

import java.io.IOException;

import dev.webhooks.realtime.RealtimeOrigin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the client's connection id from a request header ({@code X-Pusher-Socket-Id} by default) so changes the
 * request makes are not pushed back to that connection.
 */
public final class RealtimeOriginFilter extends OncePerRequestFilter {

	private final String header;

	public RealtimeOriginFilter(String header) {
		this.header = header;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String connectionId = request.getHeader(this.header);
		if (connectionId == null) {
			chain.doFilter(request, response);
			return;
		}
		try (RealtimeOrigin.Scope scope = RealtimeOrigin.enter(connectionId.trim())) {
			chain.doFilter(request, response);
		}
	}

}

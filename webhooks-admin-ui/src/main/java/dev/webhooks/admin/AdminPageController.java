package dev.webhooks.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccessDeniedException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Serves the admin pages: one HTML page with its script and style sheet, from {@code META-INF/webhooks-admin} on
 * the classpath (not a public static location, so they pass the same access check as the API). The page reads
 * and changes everything through {@link AdminApiController} and the hooks REST API.
 */
@Controller
@RequestMapping("${webhooks.admin.path:/webhooks-admin}")
public class AdminPageController {

	private static final String LOCATION = "META-INF/webhooks-admin/";

	private static final Map<String, MediaType> FILES = Map.of("index.html", MediaType.TEXT_HTML, "admin.js",
			MediaType.valueOf("text/javascript"), "admin.css", MediaType.valueOf("text/css"));

	// scripts and styles only from the page's own files; no inline script, no framing
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";

	private final WebhooksAccess access;

	public AdminPageController(WebhooksAccess access) {
		this.access = access;
	}

	@ModelAttribute
	void checkAccess(HttpServletRequest request) {
		this.access.check(request, WebhooksAccess.Action.USE_ADMIN_PAGES);
	}

	@GetMapping
	ResponseEntity<Void> root(HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.FOUND)
			.header(HttpHeaders.LOCATION, request.getRequestURI() + "/")
			.build();
	}

	@GetMapping("/")
	ResponseEntity<byte[]> index() throws IOException {
		return file("index.html");
	}

	@GetMapping("/{file:admin\\.(?:js|css)}")
	ResponseEntity<byte[]> asset(@PathVariable String file) throws IOException {
		return file(file);
	}

	@ExceptionHandler
	ResponseEntity<String> denied(WebhooksAccessDeniedException ex) {
		HttpStatus status = ex.isAuthenticated() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
		return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(ex.getMessage());
	}

	private static ResponseEntity<byte[]> file(String name) throws IOException {
		try (InputStream in = new ClassPathResource(LOCATION + name, AdminPageController.class.getClassLoader())
			.getInputStream()) {
			return ResponseEntity.ok()
				.contentType(new MediaType(FILES.get(name), StandardCharsets.UTF_8))
				.cacheControl(CacheControl.noCache())
				.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
				.header("X-Content-Type-Options", "nosniff")
				.body(in.readAllBytes());
		}
	}

}

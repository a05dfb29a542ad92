package dev.webhooks.spring.idempotency;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link IdempotencyKeyStatus} parameters of {@code @IdempotencyKeyManual} endpoints; {@code null} when the
 * request carried no key through the filter.
 */
public final class IdempotencyKeyStatusArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return IdempotencyKeyStatus.class.equals(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		return webRequest.getAttribute(IdempotencyKeyStatus.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
	}

}

package io.partita.ops.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard's page, script and style sheet, all in this jar (nothing from the
 * internet), at {@value #PATH}, every response with a strict
 * {@code Content-Security-Policy} (no inline script or style, nothing from elsewhere, not
 * in a frame), {@code X-Content-Type-Options: nosniff} and {@code X-Frame-Options: DENY}.
 */
public class DashboardResources implements WebMvcConfigurer {

	/**
	 * Where the dashboard is served.
	 */
	public static final String PATH = "/partita/";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	private static final String LOCATION = "classpath:/io/partita/ops/dashboard/";

	private static final String ROOT = PATH.substring(0, PATH.length() - 1);

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PATH + "**").addResourceLocations(LOCATION);
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController(ROOT, PATH);
		registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SecurityHeaders()).addPathPatterns(ROOT, PATH + "**");
	}

	/**
	 * Adds the security headers to each response of the dashboard before it is written.
	 */
	private static final class SecurityHeaders implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("X-Frame-Options", "DENY");
			return true;
		}

	}

}

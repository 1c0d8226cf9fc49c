package io.partita.ops.dashboard;

import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard's page, script and style sheet, all in this jar (nothing from the
 * internet), at {@value #PATH}.
 */
public class DashboardResources implements WebMvcConfigurer {

	/**
	 * Where the dashboard is served.
	 */
	public static final String PATH = "/partita/";

	private static final String LOCATION = "classpath:/io/partita/ops/dashboard/";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PATH + "**").addResourceLocations(LOCATION);
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController(PATH.substring(0, PATH.length() - 1), PATH);
		registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
	}

}

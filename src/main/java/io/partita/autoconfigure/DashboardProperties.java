package io.partita.autoconfigure;

/**
 * Dashboard settings.
 */
public class DashboardProperties {

	/**
	 * Whether a manager with a servlet web server serves the dashboard at /partita/.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}

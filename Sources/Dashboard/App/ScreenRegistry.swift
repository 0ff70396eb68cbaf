/// The dashboard's sections in sidebar order (DESIGN.md's key map: `1` Usage stats …
/// `5` Notifications). A new screen is its file plus one line here.
public enum ScreenRegistry {
  public static let all: [any Screen.Type] = [
    UsageView.self,
    PricingView.self,
    SettingsView.self,
    ProxyUsersView.self,
    NotificationsView.self,
  ]
}

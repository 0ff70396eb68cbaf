/// The rules a sign-up password must meet (R24): the sign-up form shows and checks them
/// as you type, the service has the last word, both through this one type.
public enum PasswordRules {
  public static let summary = "At least 10 characters, with a letter and a digit."

  /// nil when `password` is acceptable, else the rule it breaks.
  public static func problem(with password: String) -> String? {
    if password.count < 10 { return "The password needs at least 10 characters." }
    if !password.contains(where: \.isLetter) || !password.contains(where: \.isNumber) {
      return "The password needs a letter and a digit."
    }
    return nil
  }
}

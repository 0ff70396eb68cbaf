import TextSafety

/// Text from users and files (names, companies, VAT ids, coupon codes, email subjects)
/// made safe where it enters the program: none of its control characters, escape
/// sequences or bidi overrides may reach a terminal or a store.
public enum UntrustedText {
  /// Removes C0 and C1 controls, DEL, escape sequences and bidi controls; tabs and
  /// newlines become spaces. `SafeText`'s cleaner, the one the terminal's drawing uses.
  public static func clean(_ text: String) -> String {
    SafeText.clean(text)
  }
}

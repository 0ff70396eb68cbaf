import Billing
import Foundation
import TerminalUI

extension AppState {
  /// How an event changes the dashboard: pure, so every screen can be driven by tests.
  /// (Outside it only the runtime sets the first frame's size, the quit flag, and the
  /// fresh state of a demo reset.)
  public static func update(_ state: AppState, _ event: AppEvent) -> (AppState, [Effect]) {
    var next = state
    let effects = next.apply(event)
    return (next, effects)
  }

  mutating func apply(_ event: AppEvent) -> [Effect] {
    defer { forgetClosedConfirmation() }
    switch event {
    case .key(let key):
      // R32: typed ahead of a confirmation that was not on screen yet.
      if !isTooSmall && isMoneyConfirmationUnseen { return [] }
      return handle(key)
    case .paste(let text):
      if isTooSmall || isMoneyConfirmationUnseen { return [] }
      return handlePaste(text)
    case .resize(let width, let height):
      self.width = width
      self.height = height
      return []
    case .loggedIn(let snapshot):
      self.snapshot = snapshot
      login = LoginView()
      overlay = nil
      section = Section.allCases[0]
      screens = ScreenRegistry.all.map { $0.init() }
      banner = Banner("Logged in as \(snapshot.account.email).", tone: .success)
      return refreshSection(snapshot)
    case .loggedOut:
      snapshot = nil
      overlay = nil
      login = LoginView()
      banner = nil
      return []
    case .loaded(let snapshot):
      self.snapshot = snapshot
      return refreshSection(snapshot)
    case .usage:
      for index in screens.indices { screens[index].receive(event) }
      return []
    case .proxyUserTraffic(let traffic):
      snapshot?.proxyUserTraffic = traffic
      return []
    case .done(let message, let snapshot):
      self.snapshot = snapshot
      // A form that waited for this answer closes now.
      let answered = tellPopup(event) ?? []
      banner = Banner(message, tone: .success)
      return answered + refreshSection(snapshot)
    case .purchased(let outcome, let snapshot):
      self.snapshot = snapshot
      let answered = tellPopup(event) ?? []
      banner = Banner(
        "Paid \(outcome.order.total): \(outcome.order.kind.label), \(snapshot.planName(outcome.subscription)). Receipt emailed.",
        tone: .success)
      return answered + refreshSection(snapshot)
    case .refunded(let refund, let snapshot):
      self.snapshot = snapshot
      let answered = tellPopup(event) ?? []
      banner = Banner("Refund of \(refund.amount) approved: the subscription has ended.", tone: .success)
      return answered
    case .clockMoved(let events, let snapshot):
      let traffic = ClockTraffic.note(from: self.snapshot, to: snapshot).map { " · " + $0 } ?? ""
      self.snapshot = snapshot
      let calendar = snapshot.calendar
      if events.isEmpty {
        banner = Banner(
          "Clock: \(calendar.dateTimeText(snapshot.now)). Nothing was due." + traffic, tone: .info)
      } else {
        let tone: Banner.Tone =
          events.contains { $0.kind == .renewalFailed || $0.kind == .retryFailed || $0.kind == .ended }
          ? .warning : .success
        banner = Banner(events.map(\.summary).joined(separator: " · ") + traffic, tone: tone)
      }
      return refreshSection(snapshot)
    case .exported(let path):
      // A path can be longer than the banner: the pop-up shows it whole.
      var lines = ["The shown range was saved as CSV to:", path]
      // The demo works on a scratch copy that is removed when it ends.
      if isDemo { lines.append("Demo files go when the demo ends: copy it elsewhere to keep it.") }
      overlay = MessagePopup(title: "Usage exported", lines: lines)
      // The pop-up holds the path; the banner names the file, which always fits.
      banner = Banner("Exported \(URL(fileURLWithPath: path).lastPathComponent)", tone: .success)
      return []
    case .invoices:
      for index in screens.indices { screens[index].receive(event) }
      return []
    case .invoiceExported(let number, let paths):
      var lines = [
        "Invoice \(number) was saved as text and as a page to open in a browser (and print to PDF):"
      ]
      lines += paths
      if isDemo { lines.append("Demo files go when the demo ends: copy them elsewhere to keep them.") }
      overlay = MessagePopup(title: "Invoice exported", lines: lines)
      banner = Banner(
        "Exported \(paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))",
        tone: .success)
      return []
    case .failed(let failure):
      return show(failure)
    case .caption(let text):
      caption = text
      return []
    case .rangeChosen:
      return tellScreens(event)
    case .proxyAccess, .proxyUserPassword:
      return tellPopup(event) ?? []
    }
  }

  /// The screen's own data that a fresh snapshot does not carry.
  private func refreshSection(_ snapshot: Snapshot) -> [Effect] {
    screens[currentIndex].load(in: context(snapshot))
  }

  /// Shows `target`, fresh from its start (a sidebar key, the profile menu).
  mutating func show(_ target: Section, snapshot: Snapshot) -> [Effect] {
    section = target
    screens[currentIndex].enter()
    // DESIGN.md: `3` opens the first subscription's tab, Profile when there is none.
    if target == .account { self[SettingsView.self].tab = SettingsView.openingTab(for: snapshot) }
    return refreshSection(snapshot)
  }

  /// Carries out what a screen or a pop-up asked for. Without a snapshot (the log-in
  /// screen) only effects, banners and pop-ups mean anything.
  mutating func carryOut(_ requests: [ScreenRequest]) -> [Effect] {
    var effects: [Effect] = []
    for request in requests {
      switch request {
      case .effect(let effect): effects.append(effect)
      case .overlay(let next): overlay = next
      case .banner(let next): banner = next
      case .tell(let event): effects += tellScreens(event)
      case .checkout(let planID):
        if let snapshot { openCheckout(planID: planID, snapshot: snapshot) }
      case .extra(let kind, let subscription):
        if let snapshot { openExtra(kind, subscription: subscription, snapshot: snapshot) }
      case .show(let target):
        if let snapshot { effects += show(target, snapshot: snapshot) }
      }
    }
    return effects
  }

  /// An event for the screens' own state (a custom range chosen in its pop-up); the
  /// current screen then loads what it now shows.
  private mutating func tellScreens(_ event: AppEvent) -> [Effect] {
    for index in screens.indices { screens[index].receive(event) }
    guard let snapshot else { return [] }
    return refreshSection(snapshot)
  }

  mutating func openCheckout(planID: String, snapshot: Snapshot) {
    guard let plan = snapshot.catalog.plan(id: planID) else { return }
    if let live = snapshot.account.liveSubscription(of: plan.product), live.state == .pastDue {
      banner = Banner(BillingError.subscriptionPastDue.description, tone: .warning)
      return
    }
    let key = nextCheckoutKey("plan")
    overlay = CheckoutForm(plan: plan, snapshot: snapshot, key: key)
  }

  mutating func openExtra(_ kind: ExtraKind, subscription: Subscription, snapshot: Snapshot) {
    let key = nextCheckoutKey("extra")
    overlay = ExtraForm(kind: kind, subscription: subscription, snapshot: snapshot, key: key)
  }

  /// Shows an error where the customer typed, else in the banner.
  private mutating func show(_ failure: Failure) -> [Effect] {
    let message = failure.message
    if snapshot == nil {
      // A refused log-in clears the password, ready for another try.
      login.message = Banner(message, tone: .danger)
      if login.mode == .logIn {
        login.password.text = ""
        login.focus = 1
      }
      return []
    }
    if failure.kind == .btcThroughSupport {
      overlay = MessagePopup(title: "BTC through support", lines: [message])
      return [.reload]
    }
    // The account changed under the payment: reload so the customer reviews fresh figures
    // (and sees a returned payment in billing history).
    let reload: [Effect] = failure.kind == .paymentOutdated ? [.reload] : []
    if let answered = tellPopup(.failed(failure)) { return answered + reload }
    if failure.kind == .changedElsewhere {
      // A form waiting for this answer closes: it was filled in over figures that changed.
      overlay = nil
      banner = Banner(message, tone: .warning)
      return [.reload]
    }
    overlay = nil
    banner = Banner(message, tone: .danger)
    return reload
  }

  /// Keys go to the pop-up first, then the screen, then the global map.
  mutating func handle(_ key: Key) -> [Effect] {
    if isTooSmall { return key == .character("q") ? [.quit] : [] }
    guard let snapshot else {
      if overlay != nil { return handlePopup(key) }
      let effects = login.handle(key)
      if effects == [.quit] && login.hasInput {
        overlay = QuitPopup()
        return []
      }
      return effects
    }
    if overlay != nil { return handlePopup(key) }
    if let requests = screens[currentIndex].handle(key, in: context(snapshot)) {
      return carryOut(requests)
    }
    let table = GlobalKeys.bindings + (isDemo ? GlobalKeys.demoBindings : [])
    guard let action: GlobalAction = table.action(for: key) else { return [] }
    banner = nil
    switch action {
    case .section(let target):
      return show(target, snapshot: snapshot)
    case .profileMenu:
      overlay = ProfileMenu(personas: isDemo ? personas : [], current: snapshot.account.email)
    case .help: overlay = HelpPopup(title: "Help · \(section.title)", rows: helpRows(snapshot))
    case .quit:
      if hasUnsavedInput {
        overlay = QuitPopup()
        return []
      }
      return [.quit]
    case .dayForward: return [.advanceClock(days: 1)]
    case .nextBillingEvent: return [.jumpToNextBillingEvent]
    case .resetDemo: overlay = ResetDemoPopup()
    }
    return []
  }
}

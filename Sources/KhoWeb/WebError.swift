import Hummingbird

/// What a request can run into, each shown as a page in the reader's language with its status.
enum WebError: Error {
    case notFound
    case forbidden
    /// A form without its CSRF token, or with another session's.
    case badForm
    case badRequest(String)

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: return .notFound
        case .forbidden, .badForm: return .forbidden
        case .badRequest: return .badRequest
        }
    }

    func message(_ strings: Strings) -> String {
        switch self {
        case .notFound: return strings["error_not_found"]
        case .forbidden: return strings["error_forbidden"]
        case .badForm: return strings["error_bad_form"]
        case .badRequest(let reason): return strings.format("error_bad_request", ["reason": MessageText.say(reason, strings)])
        }
    }
}

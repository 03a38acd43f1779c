// libauthlete from C++: RAII wrappers over the C API (the header is extern "C").
//   c++ -std=c++17 quickstart.cpp $(pkg-config --cflags --libs authlete) -o quickstart_cpp
#include <authlete.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

struct ClientFree {
    void operator()(authlete_client *c) const { authlete_client_free(c); }
};
struct ErrorFree {
    void operator()(authlete_error *e) const { authlete_error_free(e); }
};
using Client = std::unique_ptr<authlete_client, ClientFree>;
using Error = std::unique_ptr<authlete_error, ErrorFree>;

// An exception carrying the error's kind, status and message.
struct AuthleteException : std::runtime_error {
    authlete_kind kind;
    int status;
    AuthleteException(authlete_kind k, const authlete_error *e)
        : std::runtime_error(authlete_error_message(e) ? authlete_error_message(e) : "error"),
          kind(k),
          status(authlete_error_status(e)) {}
};

// Runs a call that may produce a string; returns it (empty for void operations) or throws.
template <typename F>
std::string call(F f) {
    char *out = nullptr;
    authlete_error *raw = nullptr;
    authlete_kind k = f(&out, &raw);
    Error err(raw);
    std::string result = out ? out : "";
    authlete_string_free(out);
    if (k != AUTHLETE_OK) throw AuthleteException(k, err.get());
    return result;
}

Client make_client(const std::string &options) {
    authlete_client *c = nullptr;
    authlete_error *raw = nullptr;
    authlete_kind k = authlete_client_new(options.c_str(), &c, &raw);
    Error err(raw);
    if (k != AUTHLETE_OK) throw AuthleteException(k, err.get());
    return Client(c);
}

}  // namespace

int main() {
    try {
        const char *token = std::getenv("AUTHLETE_BEARER") ? std::getenv("AUTHLETE_BEARER") : "demo-token";
        Client c = make_client(std::string("{\"security\":{\"bearer\":\"") + token + "\"}}");
        const std::string service = "715948317";

        std::string created = call([&](char **out, authlete_error **err) {
            return authlete_clients_create(c.get(), service.c_str(), "{\"clientName\":\"Quickstart (C++)\"}", nullptr,
                                           out, err);
        });
        auto pos = created.find("\"clientId\":");
        std::string id = std::to_string(std::strtoll(created.c_str() + pos + 11, nullptr, 10));
        std::cout << "created client " << id << "\n";

        std::string list = call([&](char **out, authlete_error **err) {
            int32_t end = 5;
            return authlete_clients_get_list(c.get(), service.c_str(), nullptr, nullptr, &end, nullptr, out, err);
        });
        std::cout << "getList: " << list.substr(0, 80) << "...\n";

        try {
            call([&](char **out, authlete_error **err) {
                return authlete_clients_get(c.get(), service.c_str(), "0", nullptr, out, err);
            });
        } catch (const AuthleteException &e) {
            std::cout << "expected error: kind " << e.kind << ", status " << e.status << "\n";
        }

        call([&](char **, authlete_error **err) {
            return authlete_clients_delete(c.get(), service.c_str(), id.c_str(), nullptr, err);
        });
        std::cout << "deleted client " << id << "\n";
    } catch (const AuthleteException &e) {
        std::cerr << "failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

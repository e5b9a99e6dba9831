// Asio's TLS support, compiled once (see boost_asio.cc).
#include <boost/asio/ssl/impl/src.hpp>

// Beast compiled once (BOOST_BEAST_SEPARATE_COMPILATION; see boost_asio.cc).
#include <boost/beast/src.hpp>

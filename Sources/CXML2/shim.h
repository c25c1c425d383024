/* libxml2 for Swift.
 *
 * Debian's libxml2 is built with ICU, so <libxml/encoding.h> includes the system's
 * <unicode/ucnv.h>. Swift's Foundation on Linux carries its own, newer ICU headers, and a
 * Swift module that sees both fails to build ("UErrorCode has different definitions in
 * different modules"), depending on how the compiler batches files. We use no ICU-backed
 * encoding handler (we write UTF-8 only and never touch xmlCharEncodingHandler's fields),
 * so the ICU part of the headers is switched off here. Function signatures are unaffected.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlwriter.h>
#include <libxml/xmlstring.h>
#include <libxml/parser.h>

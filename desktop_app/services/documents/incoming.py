"""收文 (R32–R36, R42, R43, R44): register received documents, return them (退文), propose
handling, route to leaders or departments, record readings, chase, close and archive.

R32: a document that came through an irregular channel is never routed to a leader (the mayor or a
vice mayor): the clerk returns it (退文) or files it as information only (作为信息处理, with a
note); routing it to a department stays possible (the article forbids only the leaders'
acceptance). R42: a bulletin (《简报》《情况》《信息》, registered with that 文种) goes before a leader
only once its approval by 市委 or 市政府 is on record (who, when); otherwise the same choices.

Classified records (any 密级) exist only for accounts that may see classified records: they are
left out of lists, searches and counts for others, and every open is written to the audit log.

The steps live in siblings and are re-exported here, so callers import one module:
- incoming_dto: the DTO, the status and route names, R44's condition on what an account may see;
- incoming_reads: the register, one record, its readings and chases;
- incoming_intake: registration, 退文, a bulletin's approval, 作为信息处理, 拟办, voiding;
- incoming_routing: the route suggestion, routing, readings, 催办, 办结.
"""

from __future__ import annotations

from desktop_app.services.documents.incoming_dto import (  # noqa: F401 - the service API
    INFO_ONLY_NAME,
    ROUTES,
    STATUS_NAMES,
    IncomingDTO,
    Known,
    dto,
    visible,
)
from desktop_app.services.documents.incoming_intake import (  # noqa: F401 - the service API
    file_as_information,
    propose,
    record_bulletin_approval,
    register_document,
    return_to_sender,
    void_document,
)
from desktop_app.services.documents.incoming_reads import (  # noqa: F401 - the service API
    chases,
    count_documents,
    get_document,
    list_documents,
    readings,
)
from desktop_app.services.documents.incoming_routing import (  # noqa: F401 - the service API
    RouteSuggestion,
    chase,
    close,
    record_reading,
    route,
    suggest_route,
)

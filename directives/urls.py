from django.urls import path

from .views import documents, printing, spreadsheets, tasks

app_name = "directives"

urlpatterns = [
    path("van-ban/", documents.document_list_view, name="document-list"),
    path("van-ban/them/", documents.document_create, name="document-create"),
    path("van-ban/doc-van-ban/", documents.document_read_text, name="document-read-text"),
    path("van-ban/so-tiep-theo/", documents.next_number, name="document-next-number"),
    path("van-ban/xuat-excel/", spreadsheets.document_export, name="document-export"),
    path("van-ban/nhap-excel/", spreadsheets.document_import, name="document-import"),
    path("van-ban/in-hang-loat/", printing.document_batch_print, name="document-batch-print"),
    path("van-ban/<int:pk>/", documents.document_detail, name="document-detail"),
    path("van-ban/<int:pk>/in/", printing.document_print_view, name="document-print"),
    path(
        "van-ban/<int:pk>/ban-in/<int:issued_pk>/",
        printing.issued_pdf_download,
        name="issued-pdf-download",
    ),
    path("van-ban/<int:pk>/sua/", documents.document_edit, name="document-edit"),
    path("van-ban/<int:pk>/ban-hanh/", documents.document_issue_view, name="document-issue"),
    path("van-ban/<int:pk>/het-hieu-luc/", documents.document_expire_view, name="document-expire"),
    path("van-ban/<int:pk>/thay-the/", documents.document_replace_view, name="document-replace"),
    path("van-ban/<int:pk>/trich-dan/", documents.document_citation_add, name="citation-add"),
    path(
        "van-ban/<int:pk>/trich-dan/<int:citation_pk>/quan-he/",
        documents.citation_relation,
        name="citation-relation",
    ),
    path("van-ban/<int:pk>/nhiem-vu/them/", tasks.document_task_add, name="task-add"),
    path(
        "van-ban/<int:pk>/lich-su/",
        documents.DocumentHistoryView.as_view(),
        name="document-history",
    ),
    path("nhiem-vu/", tasks.task_board_view, name="task-board"),
    path("nhiem-vu/cua-toi/", tasks.my_tasks_view, name="task-mine"),
    path("nhiem-vu/thong-ke/", tasks.task_stats_view, name="task-stats"),
    path("nhiem-vu/xuat-excel/", spreadsheets.task_export, name="task-export"),
    path("nhiem-vu/<int:pk>/", tasks.occurrence_view, name="task-occurrence"),
]

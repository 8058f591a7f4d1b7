<script>
(function(){
  /* Tables written by table_view carry every row as JSON: sort, search and page over all of them.
     Cells are built with textContent only, so no data is ever read as markup. */
  function fmt(v,kind,prec){if(v===null||v===undefined)return '';
    if(kind==='float'&&typeof v==='number')return v.toLocaleString('en-US',{minimumFractionDigits:prec,maximumFractionDigits:prec});
    if(kind==='int'&&typeof v==='number')return v.toLocaleString('en-US');
    return String(v);}
  function cmp(a,b){if(a===b)return 0;if(a===null||a===undefined||a==='')return 1;if(b===null||b===undefined||b==='')return -1;
    if(typeof a==='number'&&typeof b==='number')return a<b?-1:1;
    var x=String(a).toLowerCase(),y=String(b).toLowerCase();return x<y?-1:x>y?1:0;}
  function shadeOf(v,max){if(typeof v!=='number'||!max)return '';var a=Math.min(Math.abs(v)/max,1)*0.55;
    return v<0?'rgba(213,94,0,'+a.toFixed(3)+')':'rgba(0,114,178,'+a.toFixed(3)+')';}
  function dataTable(box){
    var script=box.querySelector('script.ro-table-data');var table=box.querySelector('table');
    if(!script||!table)return;var data;try{data=JSON.parse(script.textContent);}catch(err){return;}
    var cols=data.columns,all=data.rows,page=data.page||20,prec=data.precision,shown=all,sortCol=-1,asc=true,at=0;
    var max=0;if(data.shade){all.forEach(function(r){r.forEach(function(v,i){var k=cols[i].kind;
      if((k==='int'||k==='float')&&typeof v==='number'&&Math.abs(v)>max)max=Math.abs(v);});});}
    var body=table.tBodies[0];var note=box.querySelector('.ro-table-note');
    var bar=document.createElement('div');bar.className='ro-table-bar';
    var search=document.createElement('input');search.type='search';search.className='table-search';
    search.placeholder='search all '+all.length.toLocaleString('en-US')+' rows';search.setAttribute('aria-label','search this table');
    var prev=document.createElement('button');prev.textContent='‹ previous';prev.type='button';
    var next=document.createElement('button');next.textContent='next ›';next.type='button';
    var where=document.createElement('span');where.className='ro-table-where';
    bar.appendChild(search);bar.appendChild(prev);bar.appendChild(where);bar.appendChild(next);
    box.insertBefore(bar,box.firstChild.nextSibling);
    function draw(){while(body.firstChild)body.removeChild(body.firstChild);
      shown.slice(at,at+page).forEach(function(row){var tr=document.createElement('tr');
        row.forEach(function(v,i){var td=document.createElement('td');var k=cols[i].kind;td.className='ro-'+k;
          td.textContent=fmt(v,k,prec);if(k==='id')td.title=td.textContent;
          if(data.shade&&(k==='int'||k==='float')){var c=shadeOf(v,max);if(c)td.style.background=c;}
          tr.appendChild(td);});body.appendChild(tr);});
      var n=shown.length;where.textContent=n?(' rows '+(at+1).toLocaleString('en-US')+'–'+Math.min(at+page,n).toLocaleString('en-US')+' of '+n.toLocaleString('en-US')+(n<all.length?' matching ('+all.length.toLocaleString('en-US')+' in all) ':' ')):' no row matches ';
      prev.disabled=at<=0;next.disabled=at+page>=n;
      if(note)note.textContent=all.length.toLocaleString('en-US')+' rows: click a column to sort them all, search them all, page through them.';}
    function filter(){var q=search.value.toLowerCase();
      shown=q?all.filter(function(r){for(var i=0;i<r.length;i++){if(r[i]!==null&&String(r[i]).toLowerCase().indexOf(q)>=0)return true;}return false;}):all.slice();
      if(sortCol>=0)shown.sort(function(a,b){return cmp(a[sortCol],b[sortCol])*(asc?1:-1);});at=0;draw();}
    search.addEventListener('input',filter);
    prev.addEventListener('click',function(){at=Math.max(0,at-page);draw();});
    next.addEventListener('click',function(){if(at+page<shown.length){at+=page;draw();}});
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){th.title='click to sort all rows';
      th.addEventListener('click',function(){asc=(sortCol===i)?!asc:(cols[i].kind==='int'||cols[i].kind==='float'?false:true);sortCol=i;
        Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('data-order');});
        th.setAttribute('data-order',asc?'asc':'desc');filter();});});
    filter();
  }
  document.querySelectorAll('div.ro-table').forEach(dataTable);
  /* Any other table (written as plain HTML): sort and search the rows it has. */
  function cellValue(row,i){var c=row.cells[i];if(!c)return '';var t=c.textContent.trim();
    var n=parseFloat(t.replace(/,/g,''));return (t!==''&&!isNaN(n)&&/^[-+]?[\d.,]+(e[-+]?\d+)?%?$/i.test(t))?n:t.toLowerCase();}
  document.querySelectorAll('table').forEach(function(table){
    if(table.classList.contains('ro-table'))return;
    var body=table.tBodies[0];if(!body||!table.tHead)return;
    var wrap=document.createElement('div');wrap.className='table-wrap';table.parentNode.insertBefore(wrap,table);wrap.appendChild(table);
    Array.prototype.forEach.call(table.tHead.rows[table.tHead.rows.length-1].cells,function(th,i){
      th.title='click to sort';th.addEventListener('click',function(){
        var asc=th.getAttribute('data-order')!=='asc';th.setAttribute('data-order',asc?'asc':'desc');
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=cellValue(a,i),y=cellValue(b,i);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
        rows.forEach(function(r){body.appendChild(r);});});});
    if(body.rows.length>8){var box=document.createElement('input');box.type='search';box.className='table-search';
      box.placeholder='search this table';box.setAttribute('aria-label','search this table');
      box.addEventListener('input',function(){var q=box.value.toLowerCase();
        Array.prototype.forEach.call(body.rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});
      wrap.parentNode.insertBefore(box,wrap);}
  });
})();
</script>

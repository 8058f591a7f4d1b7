<script>
(function(){
  function cellValue(row,i){var c=row.cells[i];if(!c)return '';var t=c.textContent.trim();
    var n=parseFloat(t.replace(/,/g,''));return (t!==''&&!isNaN(n)&&/^[-+]?[\d.,]+(e[-+]?\d+)?%?$/i.test(t))?n:t.toLowerCase();}
  document.querySelectorAll('table').forEach(function(table){
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
